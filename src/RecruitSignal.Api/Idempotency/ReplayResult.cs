namespace RecruitSignal.Idempotency;

/// <summary>An answer stored under an Idempotency-Key, written back exactly.</summary>
internal sealed record ReplayResult(StoredAnswer Answer, bool Replayed) : IResult
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = Answer.ResponseStatus;
        http.Response.ContentType = Answer.ResponseType;
        if (Answer.ResponseLocation is not null)
        {
            http.Response.Headers.Location = Answer.ResponseLocation;
        }

        if (Replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        http.Response.ContentLength = Answer.ResponseBody.Length;
        await http.Response.Body.WriteAsync(Answer.ResponseBody, http.RequestAborted);
    }
}
