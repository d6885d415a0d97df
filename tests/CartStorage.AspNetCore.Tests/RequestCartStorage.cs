using System.Text.Json;

namespace CartStorage.AspNetCore.Tests;

/// <summary>
/// The <see cref="ICartStorage"/> the contract suite talks to: every call becomes one HTTP request of
/// <paramref name="client"/> (one browser, one session cookie) that runs the call on <paramref name="storage"/> inside
/// the request. So each call goes through the session middleware, <c>LoadAsync</c> of the session stored by the
/// previous requests, and the commit at the end, as in an application.
/// </summary>
internal sealed class RequestCartStorage(SessionClient client, ICartStorage storage) : ICartStorage
{
    public CartStorageCapabilities Capabilities => storage.Capabilities;

    public Task<bool> HasAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.HasAsync(identifier, instance, ct));

    public Task ForgetAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.ForgetAsync(identifier, instance, ct));

    public Task FlushAsync(CancellationToken ct = default) =>
        client.RunAsync(_ => storage.FlushAsync(ct));

    public Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetInstancesAsync(identifier, ct));

    public Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.ForgetIdentifierAsync(identifier, ct));

    public Task<IReadOnlyList<CartItem>> GetItemsAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetItemsAsync(identifier, instance, ct));

    public Task<IReadOnlyList<CartCondition>> GetConditionsAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetConditionsAsync(identifier, instance, ct));

    public Task PutItemsAsync(string identifier, string instance, IEnumerable<CartItem> items, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.PutItemsAsync(identifier, instance, items, ct));

    public Task PutConditionsAsync(string identifier, string instance, IEnumerable<CartCondition> conditions, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.PutConditionsAsync(identifier, instance, conditions, ct));

    public Task PutBothAsync(string identifier, string instance, IEnumerable<CartItem> items, IEnumerable<CartCondition> conditions, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.PutBothAsync(identifier, instance, items, conditions, ct));

    public Task PutMetadataAsync(string identifier, string instance, string key, JsonElement value, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.PutMetadataAsync(identifier, instance, key, value, ct));

    public Task<JsonElement?> GetMetadataAsync(string identifier, string instance, string key, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetMetadataAsync(identifier, instance, key, ct));

    public Task PutMetadataBatchAsync(string identifier, string instance, IReadOnlyDictionary<string, JsonElement> values, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.PutMetadataBatchAsync(identifier, instance, values, ct));

    public Task<IReadOnlyDictionary<string, JsonElement>> GetAllMetadataAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetAllMetadataAsync(identifier, instance, ct));

    public Task ClearMetadataAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.ClearMetadataAsync(identifier, instance, ct));

    public Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.SwapIdentifierAsync(oldIdentifier, newIdentifier, instance, ct));

    public Task<long> GetVersionAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetVersionAsync(identifier, instance, ct));

    public Task<Guid?> GetIdAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetIdAsync(identifier, instance, ct));

    public Task<DateTimeOffset?> GetCreatedAtAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetCreatedAtAsync(identifier, instance, ct));

    public Task<DateTimeOffset?> GetUpdatedAtAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetUpdatedAtAsync(identifier, instance, ct));

    public Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetAsync(identifier, instance, ct));

    public Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.UpdateAsync(identifier, instance, mutate, ct));

    public Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.SaveAsync(identifier, instance, snapshot, ct));
}
