from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "deltacap.web"

    def ready(self) -> None:
        from django.middleware import csrf

        from deltacap.web.csrf import new_csrf_string

        # The same strings as Django draws, with one read of the random source (web/csrf.py);
        # tests/web/test_page_frame.py checks that Django's tokens are made with it.
        csrf._get_new_csrf_string = new_csrf_string
