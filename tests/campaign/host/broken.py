"""Ways to break the host contract, for the system checks' tests."""


def apply(settings, how):
    apps = settings["INSTALLED_APPS"]
    if how.startswith("without:"):
        apps.remove(how.removeprefix("without:"))
    elif how == "campaign-first":
        apps.remove("campaign")
        apps.insert(0, "campaign")
    else:
        raise ValueError(f"unknown CAMPAIGN_HOST_BREAK {how!r}")
