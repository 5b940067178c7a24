"""The progress bar the host's long commands write (house rule 6: long work shows progress)."""

WIDTH = 30


def progress_write(stdout, *, label: str, done: int, total: int) -> None:
    """Redraw one line ``[####------]   done/total   label``; the last call ends the line."""
    filled = WIDTH * done // total if total else WIDTH
    bar = "#" * filled + "-" * (WIDTH - filled)
    ending = "\n" if done >= total else ""
    stdout.write(f"\r  [{bar}] {done:>7}/{total:<7} {label}", ending=ending)
    stdout.flush()
