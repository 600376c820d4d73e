/** Sockets × cores: which socket each CPU sits on decides the price of a line transfer. */
export class Topology {
	readonly socketOf: Uint16Array;

	constructor(readonly cpus: number, readonly sockets: number) {
		const perSocket = Math.ceil(cpus / sockets);
		this.socketOf = new Uint16Array(cpus);
		for (let cpu = 0; cpu < cpus; cpu++) this.socketOf[cpu] = Math.floor(cpu / perSocket);
	}
}
