import viktor as vkt


class Controller(vkt.ViktorController):
    label = "Broken"

    def oops(self)
        pass
