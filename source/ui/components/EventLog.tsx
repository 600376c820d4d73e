import {memo} from 'react';
import {Lines} from './Lines.tsx';
import {logLines, type LogLinesInput} from './log-lines.ts';

/** The event log's props are exactly what its lines are built from. */
export type EventLogProps = LogLinesInput;

/** The latest events, newest last, in kernel words; filtered with `/`. */
export const EventLog = memo(function EventLog(props: EventLogProps) {
	return <Lines lines={logLines(props)} width={props.width} height={props.height} />;
});
