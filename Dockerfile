# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app

# Exactly the locked runtime dependencies, each checked against its hash (`make lock`).
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt \
 && useradd --system --uid 1000 amana

COPY . .
# Catalogues and static files are built into the image; the build-time keys are
# throwaway values that satisfy production settings and are never used at run time.
RUN pybabel -q compile -D django -d locale \
 && DJANGO_SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_urlsafe(50))") \
    AMANA_KEYRING=build:$(python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())") \
    AMANA_BLIND_INDEX_KEY=$(python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())") \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/var/attachments && chown -R amana /app/var

USER amana
EXPOSE 8000
# The access log leaves out the client address: reporters' addresses are never logged.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", \
     "--access-logformat", "%(t)s \"%(r)s\" %(s)s %(b)s %(M)sms"]
