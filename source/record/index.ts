/** Recording, replay, verification and export of runs (`docs/record-format.md`). */
export {RecordError} from './record-error.ts';
export type {RecordHeader, RunDescription} from './header.ts';
export type {RecordTrailer} from './trailer.ts';
export type {RecordEnd, RecordResult, RecordWriterOptions} from './writer.ts';
export {RecordWriter} from './writer.ts';
export type {Recording, RecordingOptions} from './recorder.ts';
export {startRecording} from './recorder.ts';
export type {ReadOptions, RecordingEnd, RecordingReader} from './reader.ts';
export {openRecording} from './reader.ts';
export type {ReplayOptions, ReplaySource} from './replay-source.ts';
export {createReplaySource} from './replay-source.ts';
export type {VerifyDifference, VerifyResult} from './verify.ts';
export {verifyRecording} from './verify.ts';
export type {ChromeTraceOptions, TraceEvent} from './chrome-trace.ts';
export {ChromeTrace} from './chrome-trace.ts';
export type {ExportResult} from './export-trace.ts';
export {exportChromeTrace} from './export-trace.ts';
export {formatName, formatVersion} from './format.ts';
