"""Work over every core: the photo, card and paper stages' one way of running their jobs."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor


def run_all(work, todo: list, workers: int, progress=None, *, in_process_below: int = 2,
            initializer=None, initargs: tuple = ()):
    """work(item) for each item, yielded in order, with progress(done, total) after each: in this
    process when there is one worker or fewer than `in_process_below` items (a pool costs more than
    it saves), else over a process pool, each worker taking chunks of about an eighth of its share.
    `initializer(*initargs)` prepares each process that runs the work (this one included)."""
    total = len(todo)
    if workers == 1 or total < in_process_below:
        if initializer:
            initializer(*initargs)
        for i, item in enumerate(todo, 1):
            yield work(item)
            if progress:
                progress(i, total)
        return
    workers = min(workers, total)
    with ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs) as pool:
        for i, result in enumerate(pool.map(work, todo, chunksize=max(1, total // (workers * 8))), 1):
            yield result
            if progress:
                progress(i, total)
