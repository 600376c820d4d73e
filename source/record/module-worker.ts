/** Worker threads started from a module of this package, bundled or run from source. */
import {Worker, type WorkerOptions} from 'node:worker_threads';

/**
 * A worker running the module at `entry`. A .ts entry (under tsx, in tests) first registers
 * tsx's loader in the thread, which Node does not carry into worker threads by itself.
 */
export function startModuleWorker(entry: URL, options: WorkerOptions): Worker {
	if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
	const tsx = import.meta.resolve('tsx/esm/api');
	const bootstrap = `import(${JSON.stringify(tsx)}).then(tsx => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
	return new Worker(bootstrap, {...options, eval: true});
}
