"""One search document per searchable record: a call, a statement, a person or a topic.

The document holds the record's text after ``normalise`` (``surface``), every light stem of
its words (``stems``, each word between spaces so a whole word can be matched with a
substring test), the person's names for trigram matching (``names``) and, on PostgreSQL, a
``tsvector`` built from them (``vector``) with GIN indexes on ``vector`` and ``names``
(created in the migration). The documents are derived data, rebuilt by
``archive.search.indexing`` whenever a record they draw on changes."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class DocumentKind(models.TextChoices):
    CALL = "call", "Call"
    STATEMENT = "statement", "Statement"
    PERSON = "person", "Person"
    TOPIC = "topic", "Topic"


class SearchDocument(models.Model):
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    call = models.ForeignKey(
        "archive.Call", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    statement = models.OneToOneField(
        "archive.Statement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    participant = models.OneToOneField(
        "archive.Participant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.OneToOneField(
        "archive.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    surface = models.TextField(blank=True)
    stems = models.TextField(blank=True)
    names = models.TextField(blank=True)
    vector = SearchVectorField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"], condition=models.Q(kind="call"), name="searchdocument_one_per_call"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="call", call__isnull=False)
                | models.Q(kind="statement", statement__isnull=False, call__isnull=False)
                | models.Q(kind="person", participant__isnull=False)
                | models.Q(kind="topic", topic__isnull=False),
                name="searchdocument_kind_has_record",
            ),
        ]
        indexes = [models.Index(fields=["kind", "call"], name="searchdocument_kind_call_idx")]

    def __str__(self):
        return f"{self.kind} {self.call_id or self.statement_id or self.participant_id or self.topic_id}"
