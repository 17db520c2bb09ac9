using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.CandidatePages;

/// <summary>One harness for the HTTP-level tests of invitations and pages, with every log line captured at Trace.</summary>
public sealed class CandidatePagesFixture : IAsyncLifetime
{
    private readonly PostgresServer _server = new();

    public CandidatePagesHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        Harness = await CandidatePagesHarness.StartAsync(_server, background: false, traceLogs: true);
    }

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CandidatePagesGroup : ICollectionFixture<CandidatePagesFixture>
{
    public const string Name = "candidate-pages";
}
