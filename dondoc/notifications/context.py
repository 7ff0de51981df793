def unread(request):
    """`nav_unread`: the number of unread in-app notifications of the logged-in user."""
    return {}
