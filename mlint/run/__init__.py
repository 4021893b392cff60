"""Run: many files and huge files at once: the worker pool, huge files in parts, the progress bar."""
