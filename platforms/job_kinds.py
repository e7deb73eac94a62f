"""Built-in job kinds that need nothing but the job itself.

``noop`` does nothing and ``demo_count`` counts to N with a pause per step. They show
the machinery working end to end (the worker tests use them, and an operator can enqueue
one from ``manage.py shell`` to check a deployment's worker) and they are harmless: no
access to any other data, bounded run time, output written under the job's own key.
"""

import time

from platforms.jobs import JobError, Progress, job_handler, job_store_file
from platforms.models import Job

MAX_STEPS = 1000
MAX_PAUSE = 5.0


@job_handler("noop", label="Check that background work runs")
def noop(job: Job, progress: Progress) -> dict:
    return {}


@job_handler("demo_count", label="Count (demonstration)")
def demo_count(job: Job, progress: Progress) -> dict:
    steps, pause = _count_parameters(job.payload)
    for step in range(1, steps + 1):
        time.sleep(pause)
        progress(step * 100 // steps, f"Counted {step} of {steps}.")
    # Written under the job's own key: a second run replaces the first run's file.
    job_store_file(
        job, filename="count.txt", content="".join(f"{n}\n" for n in range(1, steps + 1)).encode()
    )
    return {"counted": steps}


def _count_parameters(payload: dict) -> tuple[int, float]:
    try:
        steps = int(payload.get("steps", 10))
        pause = float(payload.get("sleep", 0.1))
    except (TypeError, ValueError) as exc:
        raise JobError("The count needs a whole number of steps and a pause in seconds.") from exc
    if not 1 <= steps <= MAX_STEPS or not 0 <= pause <= MAX_PAUSE:
        raise JobError(
            f"Count between 1 and {MAX_STEPS} steps, pausing at most {MAX_PAUSE:g} seconds per step."
        )
    return steps, pause
