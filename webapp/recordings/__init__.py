"""Recordings (issue 46): audio per language of a meeting's notice or published outcome, uploaded from a phone by a
member who may translate, transcoded by the worker to a small speech format, played on the pages with the HTML audio
element and linked in SMS, for members who listen rather than read and for radio stations to rebroadcast."""
