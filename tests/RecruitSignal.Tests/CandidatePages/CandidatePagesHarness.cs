using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using netDumbster.smtp;
using Npgsql;
using RecruitSignal.CandidatePages;
using RecruitSignal.Invitations;
using RecruitSignal.Tenants;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.CandidatePages;

/// <summary>
/// The service as a candidate meets it: its own database, a real SMTP server in this process, the fake X (API and
/// OAuth) on loopback, and a fixed port so that the links it hands out (PublicBaseUrl) reach it.
/// </summary>
public sealed partial class CandidatePagesHarness : IAsyncDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _tenantNames = new();

    private CandidatePagesHarness(FakeXApi x, SimpleSmtpServer smtp, int smtpPort, ApiFactory factory, string connectionString, string baseUrl, LogCapture logs)
    {
        (X, Smtp, SmtpPort, Factory, ConnectionString, BaseUrl, Logs) = (x, smtp, smtpPort, factory, connectionString, baseUrl, logs);
    }

    public FakeXApi X { get; }
    public SimpleSmtpServer Smtp { get; private set; }
    public int SmtpPort { get; }
    public ApiFactory Factory { get; }
    public string ConnectionString { get; }
    public string BaseUrl { get; }
    public LogCapture Logs { get; }

    /// <summary>Where the service reaches Ashby's API (<c>Ashby__ApiUrl</c>) in these tests.</summary>
    public int AshbyPort { get; private init; }

    public InvitationEmailSender Sender => Factory.Services.GetRequiredService<InvitationEmailSender>();

    /// <param name="background">Run the email sender and the lookup worker on their own (browser tests); otherwise tests run them a round at a time.</param>
    public static async Task<CandidatePagesHarness> StartAsync(
        PostgresServer server, bool background, bool traceLogs = false, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var x = await FakeXApi.StartAsync();
        var smtpPort = FreePort();
        var smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(smtpPort).Build();
        var connectionString = await server.CreateDatabaseAsync();
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var ashbyPort = FreePort(); // Ashby's API is one URL for every tenant: the fake Ashby listens there (tests/Ashby)
        var settings = new Dictionary<string, string?>
        {
            ["PublicBaseUrl"] = baseUrl,
            ["XApi:BaseUrl"] = x.BaseUrl,
            ["XApi:BearerToken"] = FakeXApi.Token,
            ["XApi:WorkerEnabled"] = background ? "true" : "false",
            ["XApi:PollInterval"] = "00:00:00.200",
            ["XApi:HttpRetryDelay"] = "00:00:00.010",
            ["XOAuth:ClientId"] = FakeXOAuth.ClientId,
            ["XOAuth:ClientSecret"] = FakeXOAuth.ClientSecret,
            ["XOAuth:AuthorizeUrl"] = x.BaseUrl.TrimEnd('/') + "/i/oauth2/authorize",
            ["XOAuth:TokenUrl"] = x.BaseUrl.TrimEnd('/') + "/2/oauth2/token",
            ["XOAuth:RevokeUrl"] = x.BaseUrl.TrimEnd('/') + "/2/oauth2/revoke",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:From"] = "RecruitSignal <no-reply@recruitsignal.test>",
            ["Smtp:StartTls"] = "false",
            ["Smtp:SenderEnabled"] = background ? "true" : "false",
            ["Smtp:PollInterval"] = "00:00:00.200",
            ["Smtp:FirstRetryDelay"] = "00:00:00.010",
            ["CandidatePages:PerAddressPerMinute"] = "10000",
            ["CandidatePages:PerTokenPerMinute"] = "10000",
            ["Webhooks:DispatcherEnabled"] = "false",
            // Greenhouse's PATCH goes to a fake Greenhouse on this machine (tests/Greenhouse), over http.
            ["Greenhouse:CallbackHosts"] = "127.0.0.1",
            ["Greenhouse:AllowPrivateTargets"] = "true",
            ["Greenhouse:DispatcherEnabled"] = background ? "true" : "false",
            ["Greenhouse:PollInterval"] = "00:00:00.200",
            ["Greenhouse:FirstRetryDelay"] = "00:00:00.010",
            ["Greenhouse:MaxRetryDelay"] = "00:00:00.050",
            // Workable's and Ashby's results go to fakes on this machine too (tests/Workable, tests/Ashby).
            ["Workable:CallbackHosts"] = "127.0.0.1",
            ["Workable:AllowPrivateTargets"] = "true",
            ["Workable:DispatcherEnabled"] = background ? "true" : "false",
            ["Workable:FirstRetryDelay"] = "00:00:00.010",
            ["Workable:MaxRetryDelay"] = "00:00:00.050",
            ["Ashby:ApiUrl"] = $"http://127.0.0.1:{ashbyPort}",
            ["Ashby:AllowPrivateTargets"] = "true",
            ["Ashby:DispatcherEnabled"] = background ? "true" : "false",
            ["Ashby:FirstRetryDelay"] = "00:00:00.010",
            ["Ashby:MaxRetryDelay"] = "00:00:00.050",
            ["Retention:Enabled"] = "false",
        };
        if (traceLogs)
        {
            settings["Logging:LogLevel:Default"] = "Trace";
            settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
            settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace";
            settings["Logging:LogLevel:Npgsql"] = "Debug";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var logs = new LogCapture();
        var factory = new ApiFactory(connectionString, settings, port, builder => builder.ConfigureLogging(l => l.AddProvider(logs)));
        factory.StartServer();
        return new CandidatePagesHarness(x, smtp, smtpPort, factory, connectionString, baseUrl, logs) { AshbyPort = ashbyPort };
    }

    /// <summary>
    /// A new tenant named <paramref name="name"/> (the employer the candidate reads) and its API client. Tenant names
    /// are unique, so the second tenant asked for under one name is "name 2", and so on.
    /// </summary>
    public async Task<NewTenantClient> NewTenantAsync(string name)
    {
        var uses = _tenantNames.AddOrUpdate(name, 1, (_, n) => n + 1);
        var unique = uses == 1 ? name : $"{name} {uses}";
        var tenant = await Factory.Services.GetRequiredService<TenantStore>().CreateAsync(unique, CancellationToken.None);
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        return new NewTenantClient(tenant.TenantId, client, unique);
    }

    /// <summary>A candidate as an ATS holds one: no handle, no consent. Returns the candidate's id.</summary>
    public static async Task<Guid> AddCandidateAsync(HttpClient http, string externalId, string email = "camille@example.com")
    {
        var body = Requests.EngagedProfessional(externalId).With("evidence", null).With("candidate.twitter", null).With("candidate.email", email);
        var response = await http.PostAsJsonAsync("/v1/screenings", body);
        response.EnsureSuccessStatusCode();
        return (await response.ReadAssessmentAsync()).CandidateId;
    }

    public static async Task<CreatedInvitation> InviteAsync(HttpClient http, Guid candidateId, string language = "en", bool sendEmail = true, int days = 14)
    {
        var response = await http.PostAsJsonAsync($"/v1/candidates/{candidateId}/invitations",
            new JsonObject { ["language"] = language, ["sendEmail"] = sendEmail, ["expiresInDays"] = days });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<CreatedInvitation>();
    }

    /// <summary>Sends due emails until one reaches the SMTP server for <paramref name="recipient"/>, bounded in time.</summary>
    public async Task<MimeMessage> EmailToAsync(string recipient, bool runSender = true)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (runSender)
            {
                await Sender.ProcessDueAsync(CancellationToken.None);
            }

            var message = Smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
                .FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == recipient));
            if (message is not null)
            {
                return message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No email reached {recipient}.");
    }

    /// <summary>The invitation link in an email's plain-text part.</summary>
    public static string LinkIn(MimeMessage message) => LinkPattern().Match(message.TextBody ?? "").Value is { Length: > 0 } link
        ? link
        : throw new InvalidOperationException("The email holds no invitation link.");

    public void StopSmtp() => Smtp.Stop();

    public void StartSmtp() => Smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(SmtpPort).Build();

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    /// <summary>Every "table.column" holding <paramref name="value"/> as text, in any table of the schema.</summary>
    public async Task<List<string>> PlacesHoldingAsync(string value)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var columns = await connection.QueryAsync<(string Table, string Column)>("""
            select c.table_name, c.column_name from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
            """);
        var places = new List<string>();
        foreach (var (table, column) in columns)
        {
            if (await connection.ExecuteScalarAsync<bool>($"select exists (select 1 from \"{table}\" where \"{column}\"::text like @pattern)", new { pattern = $"%{value}%" }))
            {
                places.Add($"{table}.{column}");
            }
        }

        return places;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"https?://\S+/c/[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkPattern();

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await X.DisposeAsync();
        Smtp.Stop();
    }
}

/// <summary>A tenant made for one test: its id, its API client and the name it got (the employer the candidate reads).</summary>
public sealed record NewTenantClient(Guid TenantId, HttpClient Http, string Name)
{
    public void Deconstruct(out Guid tenantId, out HttpClient http) => (tenantId, http) = (TenantId, Http);
}
