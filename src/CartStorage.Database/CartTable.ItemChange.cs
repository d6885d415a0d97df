using System.Data;
using System.Data.Common;

namespace CartStorage.Database;

internal sealed partial class CartTable
{
    /// <summary>Whether the dialect applies item changes in one statement (<see cref="CartSqlDialect.ItemChange"/>).</summary>
    public bool HasItemChange => sql.ItemAdd is not null && sql.ItemChange is not null;

    /// <summary>
    /// Runs the dialect's item-change statement: the stored cart when the statement applied the change, or
    /// <see langword="null"/> when it wrote nothing (see <see cref="CartSqlDialect.ItemChange"/>).
    /// </summary>
    public async Task<CartSnapshot?> ApplyItemChangeAsync(CartKey key, CartItemChangeArguments change, CartWriteProgress progress, CancellationToken ct)
    {
        var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var connectionRelease = connection.ConfigureAwait(false);
        using var command = Command(connection, null, change.Change.Kind == CartItemChangeKind.Add ? sql.ItemAdd! : sql.ItemChange!);
        AddKey(command, key);
        AddParameter(command, "item_id", change.Change.ItemId);
        AddParameter(command, "delta", change.Delta);
        AddParameter(command, "add", change.Change.Kind == CartItemChangeKind.Add);
        AddParameter(command, "items", change.Items);
        AddParameter(command, "item_bytes", change.ItemBytes);
        AddText(command, "idempotency_key", change.IdempotencyKey);
        AddText(command, "key_json", change.KeyJson);
        AddParameter(command, "key_bytes", change.KeyBytes);
        AddParameter(command, "idempotency_keys", change.NewKeys);
        AddParameter(command, "id", change.Id.ToString("D"));
        AddParameter(command, "updated_at", change.UpdatedAt);
        AddParameter(command, "max_items", change.Limits.MaxItems);
        AddParameter(command, "max_quantity", change.Limits.MaxItemQuantity);
        AddParameter(command, "max_size", change.Limits.MaxDataSizeBytes);
        AddParameter(command, "max_keys", change.Limits.IdempotencyKeys);
        AddParameter(command, "max_length", change.Limits.MaxStringLength);

        // The statement is long: parsing and planning it cost more than running it (docs/benchmarks.md). Prepared, Npgsql
        // keeps it on the physical connection and PostgreSQL plans it once per connection; Microsoft.Data.Sqlite
        // compiles it as it would anyway.
        await command.PrepareAsync(ct).ConfigureAwait(false);
        return await progress.ExecuteReturningAsync<CartSnapshot?>(
            command,
            async reader => await reader.ReadAsync(ct).ConfigureAwait(false) ? (ReadRow(key, reader), true) : (null, false),
            ct).ConfigureAwait(false);
    }

    /// <summary>A text parameter that may be NULL, typed so that an engine can tell the type of a NULL.</summary>
    private static void AddText(DbCommand command, string name, string? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = value is null ? DBNull.Value : value;
        command.Parameters.Add(parameter);
    }
}
