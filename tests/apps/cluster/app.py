"""The app of the multi-host simulation (tests/cluster): a Storage round trip and a job that sleeps."""

import time

import viktor as vkt


class Parametrization(vkt.Parametrization):
    text = vkt.TextField("Text", default="")
    seconds = vkt.NumberField("Seconds", default=0)


def _result(**values):
    return vkt.DataResult(vkt.DataGroup(*(vkt.DataItem(name, value) for name, value in values.items())))


class Node(vkt.Controller):
    label = "Node"
    parametrization = Parametrization

    @vkt.DataView("Keep")
    def keep(self, params, entity_id, **kwargs):
        """Writes the text to Storage (the blob store) and reads it back."""
        vkt.Storage().set("text", vkt.File.from_data(params.text * 1000), scope="entity")
        kept = vkt.Storage().get("text", scope="entity").getvalue("utf-8")
        return _result(length=len(kept), same=kept == params.text * 1000)

    @vkt.DataView("Sleepy")
    def sleepy(self, params, **kwargs):
        time.sleep(params.seconds)
        return _result(slept=params.seconds)
