"""How records appear in the API. Field names follow the CSV and JSON exports."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Call, CallParticipant, Country, Participant, Source, Statement, Topic, Translation


class CountrySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Country
        fields = ["code", "name", "name_ar", "kind", "wikidata", "url"]

    def get_url(self, country) -> str:
        return self.context["request"].build_absolute_uri(country.get_absolute_url())


class TopicSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["slug", "name", "name_ar", "parent", "description", "url"]

    def get_url(self, topic) -> str:
        return self.context["request"].build_absolute_uri(topic.get_absolute_url())


class ParticipantSerializer(serializers.ModelSerializer):
    names = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = ["slug", "name", "native_name", "native_language", "wikidata", "description", "names", "url"]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "language": {"type": "string"},
                    "kind": {"type": "string"},
                },
            },
        }
    )
    def get_names(self, person):
        return [{"name": n.name, "language": n.language, "kind": n.kind} for n in person.names.all()]

    def get_url(self, person) -> str:
        return self.context["request"].build_absolute_uri(person.get_absolute_url())


class CallParticipantSerializer(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(source="participant", slug_field="slug", read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)
    country = serializers.CharField(source="country_id", read_only=True, allow_null=True)

    class Meta:
        model = CallParticipant
        fields = [
            "person",
            "name",
            "name_as_written",
            "name_language",
            "office_title",
            "country",
            "role",
            "is_initiator",
        ]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = [
            "id",
            "outlet",
            "kind",
            "url",
            "title",
            "language",
            "published_on",
            "retrieved_on",
            "licence",
            "licence_url",
            "attribution",
        ]


class TranslationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Translation
        fields = ["language", "text", "translator", "translator_kind"]


class StatementSerializer(serializers.ModelSerializer):
    speaker = serializers.CharField(
        source="speaker.display_name", read_only=True, allow_null=True, default=None
    )
    source = serializers.PrimaryKeyRelatedField(read_only=True)
    topics = serializers.SlugRelatedField(many=True, slug_field="slug", read_only=True)
    translations = TranslationSerializer(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = [
            "identifier",
            "order",
            "speaker",
            "kind",
            "language",
            "text",
            "translations",
            "topics",
            "source",
        ]


class CallSerializer(serializers.ModelSerializer):
    permalink = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()
    participants = CallParticipantSerializer(many=True, read_only=True)
    topics = serializers.SlugRelatedField(many=True, slug_field="slug", read_only=True)

    class Meta:
        model = Call
        fields = [
            "identifier",
            "permalink",
            "title",
            "date",
            "date_precision",
            "end_date",
            "time",
            "medium",
            "place",
            "place_country",
            "countries",
            "participants",
            "topics",
            "summary",
            "created_at",
            "updated_at",
        ]

    def get_permalink(self, call) -> str:
        return self.context["request"].build_absolute_uri(call.get_permalink())

    def get_countries(self, call) -> list[str]:
        return [country.code for country in call.countries]


class CallDetailSerializer(CallSerializer):
    statements = StatementSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)

    class Meta(CallSerializer.Meta):
        fields = [*CallSerializer.Meta.fields, "statements", "sources"]
