namespace Nimo.Platform.Web;

public static class FormFiles
{
    /// <summary>The uploaded file's bytes; callers have already bounded its size with the endpoint's request limit.</summary>
    public static async Task<byte[]> ReadAllAsync(this IFormFile file)
    {
        await using var stream = file.OpenReadStream();
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
