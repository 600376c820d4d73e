/**
 * How far a sweep is: jobs done of total, elapsed, ETA and the jobs running, as one line
 * (`12/42 jobs · 3.1 s elapsed · ETA 7.6 s · running mmap-sem 16 CPUs seed 2`).
 */
import type {SweepJob} from '../sweep/plan.ts';

export class SweepProgress {
	readonly #jobs: readonly SweepJob[];
	readonly #started = Date.now();
	readonly #running = new Set<number>();
	#done = 0;

	constructor(jobs: readonly SweepJob[]) {
		this.#jobs = jobs;
	}

	start(position: number): void {
		this.#running.add(position);
	}

	finish(position: number): void {
		this.#running.delete(position);
		this.#done++;
	}

	get done(): number {
		return this.#done;
	}

	line(): string {
		const elapsed = (Date.now() - this.#started) / 1000;
		const total = this.#jobs.length;
		const eta = this.#done === 0 ? '-' : `${(((total - this.#done) * elapsed) / this.#done).toFixed(1)} s`;
		const running = [...this.#running].map(p => describeJob(this.#jobs[p]!));
		return `${this.#done}/${total} jobs · ${elapsed.toFixed(1)} s elapsed · ETA ${eta}${running.length === 0 ? '' : ` · running ${running.join(', ')}`}`;
	}
}

export function describeJob(job: SweepJob): string {
	return `${job.scheme} ${job.cpus} CPU${job.cpus === 1 ? '' : 's'} seed ${job.seed}`;
}
