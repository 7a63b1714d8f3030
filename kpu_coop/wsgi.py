import os

from django.core.wsgi import get_wsgi_application

from kpu_coop.frame_stack import loses_stack_chunks, with_stack_headroom

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_coop.settings")
application = get_wsgi_application()
if loses_stack_chunks():
    # Else a page rendering across a chunk's edge maps and unmaps it hundreds of times (frame_stack.py).
    application = with_stack_headroom(application)
