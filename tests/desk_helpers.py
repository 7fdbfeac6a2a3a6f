"""Helpers for the desk tests: users in the desk's groups, and the data a browser would post
from an admin form as rendered (every input, select and textarea with its current value)."""

from html.parser import HTMLParser

from django.contrib.auth.models import Group


def member(django_user_model, username, *groups):
    user = django_user_model(username=username, email=f"{username}@example.org", is_staff=True)
    user.set_unusable_password()  # tests sign in with force_login; no slow password hashing
    user.save()
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self.select, self.textarea, self.option_default = None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (self.form_id is None or attrs.get("id") == self.form_id):
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append([name, attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select" and name:
            self.select = [name, None, "multiple" in attrs]
        elif tag == "option" and self.select is not None:
            if "selected" in attrs:
                self.data.append([self.select[0], attrs.get("value", "")])
                self.select[1] = True
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            value = self.textarea[1]
            self.data.append([self.textarea[0], value[1:] if value.startswith("\n") else value])
            self.textarea = None
        elif tag == "select" and self.select is not None:
            self.select = None
        elif tag == "form" and self.inside:
            self.inside = False


def form_data(page_html, form_id="call_form"):
    """{name: value or [values]} of the form as a browser would submit it."""
    reader = _FormReader(form_id)
    reader.feed(page_html if isinstance(page_html, str) else page_html.decode())
    data = {}
    for name, value in reader.data:
        if name in data:
            data[name] = (data[name] if isinstance(data[name], list) else [data[name]]) + [value]
        else:
            data[name] = value
    return data
