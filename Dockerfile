# RecruitSignal API image. Build: docker build -t recruitsignal-api .
# Run: docker run -e ConnectionStrings__Postgres='Host=...;Database=...;Username=...;Password=...' -p 5080:8080 recruitsignal-api

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Restore first, from the project and build files only, so code edits keep the restore layer cached.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/RecruitSignal.Api/RecruitSignal.Api.csproj src/RecruitSignal.Api/
RUN dotnet restore src/RecruitSignal.Api/RecruitSignal.Api.csproj

# The project embeds ../../db/migrations/*.sql, so db/ keeps its place beside src/.
COPY db/ db/
COPY src/ src/
RUN dotnet publish src/RecruitSignal.Api/RecruitSignal.Api.csproj -c Release --no-restore \
    -o /app -p:UseAppHost=false

# .NET 10 default tags are Ubuntu 24.04: bash is there, curl and wget are not.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# ASPNETCORE_HTTP_PORTS is emptied so that Kestrel doesn't warn that ASPNETCORE_URLS overrides it.
# Logs are one JSON object per line, with trace and span ids, for a log shipper to read as is.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS="" \
    Logging__Console__FormatterName=json
COPY --from=build /app ./
# Non-root user shipped with the .NET images (uid 1654).
USER $APP_UID
EXPOSE 8080
# Liveness only, with bash's /dev/tcp (no HTTP client in the image). Readiness (database reachable and
# migrated) is checked by docker-compose.yml against /health/ready.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3 && read -r -t 4 _ code _ <&3 && [ "$code" = 200 ]'
ENTRYPOINT ["dotnet", "RecruitSignal.Api.dll"]
