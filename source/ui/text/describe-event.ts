/**
 * One event as the log shows it: the event type, then the kernel function, then what
 * happened in kernel words (`mmap_sem read wait 1.2µs`, `vma#12 deferred by rcu 3.0ms`).
 */
import type {Injection, SimEvent} from '../../sim/events.ts';
import {stepText} from '../../format/step-text.ts';
import {compactNs, hex, size} from './format.ts';

/** The part of a log line after the time, CPU, type and function. */
export function eventDetail(event: SimEvent): string {
	switch (event.type) {
		case 'fault-start':
			return `${hex(event.addr)} ${event.write ? 'write' : 'read'} mm${event.mm}`;
		case 'fault-end':
			return `${hex(event.addr)} ${event.path} ${event.kind} ${event.outcome} ${compactNs(event.latencyNs)}`;
		case 'spec-abort':
			return `${event.reason} ${hex(event.addr)}`;
		case 'lock-contend':
			return `${event.lock} ${event.mode}`;
		case 'lock-acquire':
		case 'ptl-acquire':
			return `${event.lock} ${event.mode} wait ${compactNs(event.waitNs)}`;
		case 'lock-release':
			return `${event.lock} ${event.mode} held ${compactNs(event.holdNs)}`;
		case 'vma-alloc':
			return `vma#${event.vma} ${hex(event.start)}-${hex(event.end)} ${event.flags} mm${event.mm}`;
		case 'vma-adjust':
			return `vma#${event.vma} now ${hex(event.start)}-${hex(event.end)} (${event.fn === 'vma_expand' ? 'merged' : 'split'}) mm${event.mm}`;
		case 'step':
			return stepText(event);
		case 'vma-free':
			return `vma#${event.vma} ${event.deferredBy === 'none' ? 'freed at once' : `deferred by ${event.deferredBy} ${compactNs(event.deferredNs)}`}`;
		case 'pgtable-free':
			return `pte table ${hex(event.addr)} ${event.deferredBy === 'none' ? 'freed at once' : `deferred by ${event.deferredBy} ${compactNs(event.deferredNs)}`}`;
		case 'writer-begin':
			return `${event.op} vma#${event.vma} ${hex(event.start)}-${hex(event.end)}`;
		case 'writer-end':
			return `${event.op} vma#${event.vma} took ${compactNs(event.latencyNs)}`;
		case 'tlb-shootdown':
			return `${event.targets} CPUs ${compactNs(event.latencyNs)}`;
		case 'rcu-gp':
			return `${event.flavour} grace period ${compactNs(event.gpNs)} ${event.callbacks} callbacks`;
		case 'inject':
			return describeInjection(event.injection);
		case 'violation':
			return `${event.kind} cpus ${event.cpus.join(',')} ${hex(event.addr)}: ${event.detail}`;
	}
}

/** An injection in a few words: `mmap 8M anon private mm0`, `munmap vma#12 mm0`. */
export function describeInjection(injection: Injection): string {
	switch (injection.kind) {
		case 'mmap':
			return `mmap ${size(injection.size)} ${injection.file ? 'file' : 'anon'} ${injection.shared ? 'shared' : 'private'} mm${injection.mm}`;
		case 'munmap':
			return `munmap vma#${injection.vma} mm${injection.mm}`;
		case 'mprotect':
			return `mprotect vma#${injection.vma} mm${injection.mm} (toggle write)`;
		case 'fault-storm':
			return `fault-storm vma#${injection.vma} mm${injection.mm} for ${compactNs(injection.durationNs)}`;
	}
}

/** Simulated time as milliseconds with nanosecond digits: `12.345678`. */
export function logTime(ns: number): string {
	const ms = Math.floor(ns / 1e6);
	return `${ms}.${String(ns - ms * 1e6).padStart(6, '0')}`;
}
