/** Sockets × cores: which socket each CPU sits on decides the price of a line transfer. */
export class Topology {
	readonly socketOf: Uint16Array;

	constructor(readonly cpus: number, readonly sockets: number) {
		this.socketOf = new Uint16Array(cpus);
		// Contiguous CPU ranges, every socket used even when the count does not divide evenly.
		for (let cpu = 0; cpu < cpus; cpu++) this.socketOf[cpu] = Math.floor((cpu * sockets) / cpus);
	}
}
