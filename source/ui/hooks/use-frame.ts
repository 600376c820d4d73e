import {useSyncExternalStore} from 'react';
import type {Frame} from '../session/frame.ts';

/** Where frames come from: the session, or a stand-in in tests. */
export interface FrameStore {
	/** Runs `listener` after each new frame; returns the unsubscribe. */
	subscribe(listener: () => void): () => void;
	/** The latest frame: the same object until the next one. */
	getFrame(): Frame;
}

/**
 * The one bridge from the session into React: a render per published frame (at most one
 * per frame period, plus one per key), never one per event.
 */
export function useFrame(store: FrameStore): Frame {
	return useSyncExternalStore(store.subscribe, store.getFrame);
}
