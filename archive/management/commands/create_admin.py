"""Create the archive's first administrator (or another one).

    manage.py create_admin                      # asks for the user name, e-mail and password
    ADMIN_USERNAME=ana ADMIN_EMAIL=ana@example.org ADMIN_PASSWORD=... manage.py create_admin --no-input

The account is a superuser and a member of the Administrator group; it can then add editors and
reviewers in the admin (Users: tick "Staff status" and choose the Editor or Reviewer group).
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive.desk.workflow import ADMINISTRATOR_GROUP


class Command(BaseCommand):
    help = "Create an administrator account: asks, or reads ADMIN_USERNAME, ADMIN_EMAIL, ADMIN_PASSWORD."

    def add_arguments(self, parser):
        parser.add_argument("--no-input", action="store_true", help="Read everything from the environment.")

    def handle(self, *args, no_input=False, **options):
        username = os.environ.get("ADMIN_USERNAME") or ("" if no_input else input("User name: ").strip())
        email = os.environ.get("ADMIN_EMAIL") or ("" if no_input else input("E-mail: ").strip())
        password = os.environ.get("ADMIN_PASSWORD")
        if not password and not no_input:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password again: "):
                raise CommandError("The two passwords differ.")
        if not username or not password:
            raise CommandError("A user name and a password are needed (ADMIN_USERNAME, ADMIN_PASSWORD).")
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already a user called {username!r}.")
        user = User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password is refused: " + " ".join(error.messages)) from error
        user = User.objects.create_superuser(username=username, email=email, password=password)
        group, _ = Group.objects.get_or_create(name=ADMINISTRATOR_GROUP)
        user.groups.add(group)
        self.stdout.write(f"Administrator {username!r} created. Sign in at /admin/.")
