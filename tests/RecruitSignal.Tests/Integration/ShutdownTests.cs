using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dapper;
using Npgsql;

namespace RecruitSignal.Tests.Integration;

/// <summary>SIGTERM to the real service process: what was accepted completes, then it exits.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class ShutdownTests(ApiFixture api)
{
    [Fact]
    public async Task SigtermUnderLoadCompletesAcceptedRequestsAndExits()
    {
        var database = await api.Server.CreateDatabaseAsync();
        var port = FreePort();
        using var service = StartService(database, port);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.ConnectionClose = true; // a refused connection then means "not accepted", unambiguously
            // Ready means migrated: a tenant created before the last migration ran could be refused by an older constraint
            // (the key's scopes before 0090), which a fixed count of retries did not always outlast on a loaded machine.
            await WaitUntilReadyAsync(client);
            var key = await CreateTenantAsync(database);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

            var created = new List<Guid>();
            var refused = 0;
            var failures = new List<string>();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; i < 500 && !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var response = await client.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"term-{worker}-{i}"));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var id = (await response.ReadAssessmentAsync()).Id;
                            lock (created) { created.Add(id); }
                        }
                        else
                        {
                            lock (failures) { failures.Add($"answered {response.StatusCode}"); }
                        }
                    }
                    catch (HttpRequestException e) when (NotAccepted(e))
                    {
                        Interlocked.Increment(ref refused);
                        return; // the server stopped accepting: this worker is done
                    }
                    catch (HttpRequestException e)
                    {
                        lock (failures) { failures.Add($"{e.Message} {e.InnerException?.Message}"); }
                        return;
                    }
                }
            })).ToList();

            // Until some screenings are answered (bounded): on a loaded machine the first one can take seconds.
            for (var waited = 0; waited < 200 && created.Count < 8 && !stop.IsCancellationRequested; waited++)
            {
                await Task.Delay(50);
            }

            Assert.True(created.Count > 0, "no screening completed before SIGTERM: " + string.Join("; ", failures.Take(3)));
            using (var kill = Process.Start("kill", ["-TERM", service.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var exited = await Task.Run(() => service.WaitForExit(TimeSpan.FromSeconds(20)));
            await Task.WhenAll(load);

            Assert.True(exited, "the service did not exit within 20 s of SIGTERM");
            Assert.Equal(0, service.ExitCode);
            Assert.Empty(failures);
            Assert.True(refused > 0, "no request was refused: SIGTERM came after the load ended");
            await using var connection = new NpgsqlConnection(database);
            var stored = (await connection.QueryAsync<Guid>("select id from assessments")).ToHashSet();
            // Exactly the answered ones: a request the server took in but dropped would show up here unanswered.
            Assert.Equal(created.Order(), stored.Order());
        }
        finally
        {
            // A failed assertion before the signal must not leave the service running on the machine.
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>
    /// The connection was refused, or reset before the server read the request (the kernel's backlog is
    /// reset when the listener closes), or closed with no answer started: the request was never taken in.
    /// </summary>
    private static bool NotAccepted(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset }
        || e.InnerException is IOException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset } }
        || e.InnerException is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded };

    private static Process StartService(string connectionString, int port)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["RateLimits__PermitLimit"] = "1000000"; // this test is about shutdown, not limits
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> CreateTenantAsync(string connectionString)
    {
        // The same code path as the CLI's "tenants create", against the service's database.
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new RecruitSignal.Tenants.TenantStore(dataSource, TimeProvider.System);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (await store.CreateAsync("shutdown", CancellationToken.None)).ApiKey;
            }
            catch (PostgresException) when (attempt < 50)
            {
                await Task.Delay(200); // the service is still creating the schema
            }
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        // A deadline, not a count of attempts: on a loaded machine one check can take seconds by itself.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or too slow to answer this time
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the service did not become ready within 90 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
