raise RuntimeError("import proj.celery first")
