"""A file e-mail backend that takes its time, so a test can kill the worker mid-send."""

import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        time.sleep(30)
        return super().send_messages(email_messages)
