using Npgsql;
using NpgsqlTypes;

namespace RecruitSignal.Infrastructure;

/// <summary>
/// Parameters for the statements sent in an <see cref="NpgsqlBatch"/>, where Dapper does not help: typed, so Npgsql infers
/// nothing per call, and a null sent as SQL NULL of that type.
/// </summary>
public static class SqlParameters
{
    public static NpgsqlParameter Typed<T>(string name, NpgsqlDbType type, T? value) =>
        new(name, type) { Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Text(string name, string? value) => Typed(name, NpgsqlDbType.Text, value);

    public static NpgsqlParameter Uuid(string name, Guid? value) => Typed(name, NpgsqlDbType.Uuid, value);
}
