using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RecruitSignal.Screenings;

namespace RecruitSignal.Tests.Integration;

/// <summary>
/// Issue 23, item 2: the memory large batches leave committed is given back once they stop, once per quiet period,
/// never while a large batch runs, and small batches do not cost a collection.
/// </summary>
public sealed class BatchMemoryTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    private BatchMemory Memory() => new(clock, NullLogger<BatchMemory>.Instance);

    [Fact]
    public void ALargeBatchIsFollowedByOneCollectionOnceQuiet()
    {
        var memory = Memory();
        memory.Track(BatchMemory.LargeBatchItems)!.Dispose();

        Assert.False(memory.GiveBackIfQuiet());
        clock.Advance(BatchMemory.Quiet);
        var before = GC.CollectionCount(2);
        Assert.True(memory.GiveBackIfQuiet());
        Assert.True(GC.CollectionCount(2) > before);

        clock.Advance(BatchMemory.Quiet);
        Assert.False(memory.GiveBackIfQuiet());
    }

    [Fact]
    public void NothingIsCollectedWhileALargeBatchRuns()
    {
        var memory = Memory();
        memory.Track(1000)!.Dispose();
        var running = memory.Track(1000)!;
        clock.Advance(BatchMemory.Quiet * 3);

        Assert.False(memory.GiveBackIfQuiet());

        running.Dispose();
        Assert.False(memory.GiveBackIfQuiet()); // quiet counts from the end of the last batch
        clock.Advance(BatchMemory.Quiet);
        Assert.True(memory.GiveBackIfQuiet());
    }

    [Fact]
    public void SmallBatchesAreNotTracked()
    {
        var memory = Memory();
        Assert.Null(memory.Track(BatchMemory.LargeBatchItems - 1));
        clock.Advance(BatchMemory.Quiet);

        Assert.False(memory.GiveBackIfQuiet());
    }
}
