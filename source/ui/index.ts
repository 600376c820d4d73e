export type {DashboardProps} from './components/Dashboard.tsx';
export {Dashboard} from './components/Dashboard.tsx';
export type {DashboardSessionOptions, InjectionKey, RestartListener, Run, RunSource, SeekKey} from './session/dashboard-session.ts';
export {DashboardSession} from './session/dashboard-session.ts';
export type {Frame, ReplayPosition, SchemeTotals} from './session/frame.ts';
export {stillFrame} from './session/frame.ts';
export {defaultSpeedIndex, speedIndexOf, speeds} from './session/speed.ts';
export {minColumns, minRows} from './components/dashboard-layout.ts';
export {installLineCache} from './ink-line-cache.ts';
