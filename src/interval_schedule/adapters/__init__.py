"""Adapters that let other schedulers fire on :class:`~interval_schedule.IntervalSchedule` semantics.

Each adapter lives in its own module and needs its scheduler installed, as an
optional extra; importing a module whose extra is missing raises
``ImportError`` naming the extra:

* :mod:`interval_schedule.adapters.apscheduler`: a trigger for APScheduler 3.x
  (``pip install 'interval_schedule[apscheduler]'``);
* :mod:`interval_schedule.adapters.apscheduler4`: a trigger for the
  APScheduler 4 pre-release (``pip install 'interval_schedule[apscheduler4]'``,
  in an environment without APScheduler 3);
* :mod:`interval_schedule.adapters.celery`: a schedule for Celery beat
  (``pip install 'interval_schedule[celery]'``).

Both do their arithmetic on UTC instants (integer microseconds) and convert to
wall-clock time only for display; see docs/schedulers.md.
"""
