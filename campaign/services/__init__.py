"""Write-side operations of the campaign app (import, export, demo), used by
the management commands and the admin views."""
