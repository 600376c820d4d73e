/** The tracepoints `spf-top trace` records, and the `perf script` fields it prints them with. */
export const traceEvents = [
	'exceptions:page_fault_user',
	'syscalls:sys_enter_mmap',
	'syscalls:sys_exit_mmap',
	'syscalls:sys_enter_munmap',
	'syscalls:sys_enter_mprotect',
	'syscalls:sys_enter_madvise',
	'syscalls:sys_exit_brk',
	'mmap_lock:mmap_lock_start_locking',
	'mmap_lock:mmap_lock_acquire_returned',
	'mmap_lock:mmap_lock_released',
	'sched:sched_process_fork',
	'sched:sched_process_exit',
] as const;

/** `perf script` arguments for the layout `import` reads best: pid/tid, ns times, perf's mapping and task records. */
export const scriptArgs = ['-F', 'trace:comm,pid,tid,cpu,time,event,trace', '--ns', '--show-mmap-events', '--show-task-events'] as const;
