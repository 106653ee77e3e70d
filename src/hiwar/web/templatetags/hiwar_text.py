from django import template
from django.utils.safestring import SafeString

from hiwar.web.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Render user Markdown as sanitized HTML."""
    return render_markdown(text)
