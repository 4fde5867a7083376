class Registry:
    def __init__(self, table, prefix="DJANGO"):
        self.table = table
        self.prefix = prefix

    def publish(self, **values):
        for name, value in values.items():
            self.table[name] = value
        self.table.update({"MEDIA_ROOT": "/srv/media"})
        return len(values)
