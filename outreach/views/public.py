"""What outreach's public pages (newsletter, surveys) share."""

from django.shortcuts import render


def public_message(request, title: str, message: str, *, status: int = 200):
    """The public pages' one-message answer (subscribed, confirmed, left,
    answered, a survey out of its dates)."""
    return render(
        request,
        "outreach/public_message.html",
        {"title": title, "message": message},
        status=status,
    )
