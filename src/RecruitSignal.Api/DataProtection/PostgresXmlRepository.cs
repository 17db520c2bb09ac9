using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace RecruitSignal.DataProtection;

/// <summary>
/// The Data Protection key ring in PostgreSQL, so every replica protects and unprotects with the same keys.
/// The framework calls this synchronously, rarely (at start-up and when a key is created or rolled).
/// </summary>
public sealed class PostgresXmlRepository(Func<NpgsqlDataSource> dataSource) : IXmlRepository
{
    private const string AllSql = "select xml from data_protection_keys order by created_at, friendly_name";

    // A key's name is its id: storing the same key twice (two replicas racing) keeps the first.
    private const string StoreSql = """
        insert into data_protection_keys (friendly_name, xml) values (@friendlyName, @xml)
        on conflict (friendly_name) do nothing
        """;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource().OpenConnection();
        return connection.Query<string>(AllSql).Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dataSource().OpenConnection();
        connection.Execute(StoreSql, new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
