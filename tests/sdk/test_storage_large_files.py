"""A 300 MB file through Storage inside a real job, with the work horse's memory measured."""

from __future__ import annotations

from probe import answer, new_entity, run_job

SIZE_MIB = 300


def test_a_300_mb_file_round_trips_in_chunks_with_little_memory(start_app):
    running = start_app("state")
    with running.client() as client:
        entity = new_entity(client, "big")
        result = answer(run_job(client, entity, "big_file", {"n": SIZE_MIB}, wait=60))
    size = SIZE_MIB << 20
    assert (result["size"], result["total"]) == (size, size)
    assert result["same"], "the bytes read back differ from the bytes stored"
    assert result["middle_ok"], "a seek into the middle of the stored file read the wrong bytes"
    growth = result["peak_growth"]
    print(f"peak memory growth of the work horse for {SIZE_MIB} MiB: {growth / 2**20:.1f} MiB")
    assert growth < 2 * size, f"peak memory grew by {growth / 2**20:.0f} MiB for a {SIZE_MIB} MiB file"
    # and the file was never whole in memory, neither when stored nor when read back
    assert growth < size / 2, f"peak memory grew by {growth / 2**20:.0f} MiB: the file was loaded whole"
