using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Messaging.Tenancy.Secrets;

/// <summary>
/// The Data Protection key ring in <c>tenancy.data_protection_keys</c>, shared by every service
/// that encrypts or decrypts tenant secrets (the EF Core store package is not served here).
/// Data Protection calls these synchronously, rarely (start-up, key refresh, key creation).
/// </summary>
internal sealed class PostgresXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM tenancy.data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = dataSource.CreateCommand(
            "INSERT INTO tenancy.data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING");
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
