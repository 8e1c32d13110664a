"""Atom feed of a body's folder notices: each item of each public conference, once it exists."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from conferences.models import Body
from reports.public_folder import selectors


class FolderFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, body_slug: str):
        return get_object_or_404(Body, slug=body_slug, is_active=True)

    def title(self, body):
        return _("Đối thoại doanh nghiệp — %(body)s") % {"body": body.name}

    def link(self, body):
        return reverse("reports_public:folder_archive", args=[body.slug])

    def subtitle(self, body):
        return _("Thông báo, kết quả và kết luận Hội nghị đối thoại doanh nghiệp của %(body)s") % {
            "body": body.name}

    def items(self, body):
        entries = []
        for conference in selectors.public_conferences(body)[:10]:
            for item in selectors.folder_items(conference):
                if item.exists:
                    entries.append((conference, item))
        return entries

    def item_title(self, entry):
        conference, item = entry
        return f"{item.label} — {conference.title}"

    def item_description(self, entry):
        conference, item = entry
        return f"{conference.venue}, {timezone.localtime(conference.starts_at):%H:%M %d/%m/%Y}"

    def item_link(self, entry):
        conference, item = entry
        return reverse("reports_public:folder_item", args=[conference.body.slug, conference.year, item.slug])

    def item_guid(self, entry):
        conference, item = entry
        return f"conference-{conference.pk}-{item.slug}"

    item_guid_is_permalink = False

    def item_updateddate(self, entry):
        conference, _item = entry
        event = conference.events.order_by("-pk").first()
        return event.created_at if event else conference.starts_at
