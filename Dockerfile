# The API and worker image: one Python distribution, configured by environment variables.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ecosystem ./ecosystem
COPY auth ./auth
RUN pip install --no-cache-dir .
ENV ENVIRONMENT=production
EXPOSE 8000
CMD ["sh", "-c", "ecosystem migrate && ecosystem serve --host 0.0.0.0 --port 8000"]
