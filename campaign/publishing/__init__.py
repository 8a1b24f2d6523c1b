"""What happens when a day goes live.

Enters: a revision published by an editor, by "Programmer la semaine"
(`timeline.schedule_week`, approved days at their date and time) or by the
scheduler (`scheduler.run_pass`, which `run_scheduler` runs every few
seconds); an approved moderation workflow leaves a day waiting for its date
(`workflows.finish_workflow`).

Leaves: the day live, and then, once (`go_live`): its e-mail recorded and
queued (`delivery`, `tasks`), rendered from the day (`day_email`), retried by
the scheduler when sending fails; the signal `signals.public_content_changed`
sent, for the caches a host plugs in (the day, its campaign, an edited
establishment); `day_events.day_event` (a day published, updated or
withdrawn) for the flows that tell partners (campaign.partners.webhooks),
and the scheduler's `pass_finished` for them to retry. Also kept in step: the search index of the days that name
an edited establishment (`search_index`). `timeline` says
where each day of a campaign stands: draft, in moderation, approved,
scheduled, live, late.
"""
