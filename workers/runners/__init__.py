"""One runner per kind of job: view, button, callback, step, summary, upload."""
