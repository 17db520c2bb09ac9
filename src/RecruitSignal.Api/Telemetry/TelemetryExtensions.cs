using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RecruitSignal.Telemetry;

/// <summary>Environment: <c>Telemetry__MetricsPort</c>, <c>Telemetry__QueueSampleInterval</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// The port that serves the Prometheus scrape endpoint <c>/metrics</c>, and nothing else. It must also be one
    /// of the addresses the service listens on (<c>ASPNETCORE_URLS=http://+:8080;http://+:9464</c>). Unset: no /metrics.
    /// </summary>
    [Range(1, 65535, ErrorMessage = "Telemetry__MetricsPort is a TCP port (1 to 65535), also listed in ASPNETCORE_URLS.")]
    public int? MetricsPort { get; set; }

    /// <summary>How often the lookup queue and the webhook outbox are measured for the gauges.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Telemetry__QueueSampleInterval is a duration from 00:00:01 to 01:00:00.")]
    public TimeSpan QueueSampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>True when something reads the metrics: the scrape endpoint, or an OTLP collector.</summary>
    public bool MetricsRead { get; set; }
}

/// <summary>
/// OpenTelemetry traces and metrics (ASP.NET Core, HttpClient, Npgsql, the runtime and <see cref="Instruments"/>),
/// exported by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and scraped at <c>/metrics</c> on
/// <c>Telemetry__MetricsPort</c> when set. Logs carry the trace and span ids in either case.
/// </summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var scraped = !string.IsNullOrWhiteSpace(builder.Configuration[$"{TelemetryOptions.Section}:MetricsPort"]);
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            .Configure(options => options.MetricsRead = otlp || scraped)
            .ValidateDataAnnotations().ValidateOnStart();

        // The JSON console formatter (Logging__Console__FormatterName=json) writes one object per line; with the
        // scopes it carries the TraceId and SpanId of the request or job that wrote it. Timestamps in UTC.
        builder.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("recruitsignal"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Instruments.Name)
                    .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsScrape(context))
                    .AddHttpClientInstrumentation(http => http.EnrichWithHttpRequestMessage = (activity, request) =>
                        activity.SetTag("url.full", Redaction.UrlOf(request.RequestUri)))
                    .AddNpgsql();
                if (!otlp)
                {
                    // Nothing would read the spans: keep only their ids, for the logs, at next to no cost.
                    tracing.SetSampler(new AlwaysOffSampler());
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Instruments.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (scraped)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddHostedService<QueueSampler>();
        return builder;
    }

    /// <summary>
    /// Serves <c>/metrics</c> on the metrics port only, and nothing but <c>/metrics</c> there: the scrape
    /// endpoint is never on the public, authentication-free surface, and the API never on the metrics port.
    /// </summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsPort is not { } port)
        {
            return app;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Connection.LocalPort == port && context.Request.Path == MetricsPath);
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    private static bool IsScrape(HttpContext context) => context.Request.Path == MetricsPath;
}
