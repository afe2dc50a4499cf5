"""Who uses the page: accounts and roles (users.py), signed-in browsers (signin.py)."""
