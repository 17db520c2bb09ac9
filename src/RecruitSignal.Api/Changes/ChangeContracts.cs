namespace RecruitSignal.Changes;

public enum ChangeType { Assessment, Candidate }

/// <summary>Something of the tenant's was created, changed or erased; read it at its own address to see how it is now.</summary>
/// <param name="Position">Where the change stands in the tenant's commit order; positions only grow.</param>
/// <param name="Type"><c>assessment</c> (<c>GET /v1/assessments/{id}</c>) or <c>candidate</c> (<c>GET /v1/candidates/{id}</c>; 404 once erased).</param>
/// <param name="Id">The assessment's or the candidate's id.</param>
/// <param name="At">When the change was committed (server clock).</param>
public sealed record Change(long Position, ChangeType Type, Guid Id, DateTimeOffset At);

/// <summary>The changes after a position, oldest first.</summary>
/// <param name="Next">Send it as <c>after</c> next time: the last position returned, or the <c>after</c> sent when there was nothing new.</param>
public sealed record ChangeFeed(IReadOnlyList<Change> Items, long Next);
