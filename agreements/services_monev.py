"""Writing a monev evaluation: staff of the agreement's own office only, never over a colleague's edit."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from agreements.models import Agreement, MonevEvaluation


class EvaluationConflict(Exception):
    """Someone saved the evaluation after the form was opened; ``current`` is what they saved."""

    def __init__(self, current):
        super().__init__("evaluation changed meanwhile")
        self.current = current


def locked_evaluation(agreement, period):
    """The saved evaluation, locked until the transaction ends; None when there is none yet."""
    return MonevEvaluation.objects.select_for_update().filter(agreement=agreement, period=period).first()


def monev_evaluation_save(*, agreement, period, author, obstacles, recommendations, follow_up, version):
    """Create or update the evaluation of ``agreement`` for ``period``; ``version`` is the one the form showed
    (0 for a new one). Raises PermissionDenied outside the author's offices, EvaluationConflict when stale."""
    if not Agreement.objects.editable_by(author).filter(pk=agreement.pk).exists():
        raise PermissionDenied
    texts = {"obstacles": obstacles, "recommendations": recommendations, "follow_up": follow_up}
    with transaction.atomic():
        current = locked_evaluation(agreement, period)
        if (current.version if current else 0) != version:
            raise EvaluationConflict(current)
        if current is None:
            return _create(agreement=agreement, period=period, author=author, texts=texts)
        for name, value in texts.items():
            setattr(current, name, value)
        current.author = author
        # The row is locked, so counting up in Python is safe.
        current.version += 1
        current.save()
        return current


def _create(*, agreement, period, author, texts):
    try:
        with transaction.atomic():
            return MonevEvaluation.objects.create(
                agreement=agreement, office_id=agreement.office_id, period=period, author=author, **texts
            )
    except IntegrityError:
        # A colleague's first save committed between our read and our insert: theirs stands, as a conflict.
        raise EvaluationConflict(locked_evaluation(agreement, period)) from None
