"""Masking in templates: lists show 김*용 and 010-1234-****."""

from django import template

from core.privacy import mask_email, mask_name, mask_phone

register = template.Library()

register.filter("mask_name", mask_name)
register.filter("mask_phone", mask_phone)
register.filter("mask_email", mask_email)
