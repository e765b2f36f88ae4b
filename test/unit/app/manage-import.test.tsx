// @vitest-environment jsdom
// Importing a village's household list from a CSV file (SYNC-API.md [M40]–[M49]): the header found
// under a title, the columns guessed, every row checked with nothing written, the problems listed by
// row and column, then the import in batches, and the same file again changes nothing. The server is
// FakeManage's; the XLSX path is exercised in Chromium (test/e2e).
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { OFFICER, fakeServices, freshDb, renderApp, sessionOf } from './helpers.tsx';

const CSV = [
  'DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG,,,,,,,',
  ',,,,,,,',
  'STT,Họ tên chủ hộ,Địa chỉ,Họ và tên,Ngày sinh,Giới tính,Quan hệ với chủ hộ,Số định danh',
  '1,Nguyễn Văn An,"Số 1, xóm Chùa",Nguyễn Văn An,12/03/1970,Nam,Chủ hộ,001070012345',
  '2,Nguyễn Văn An,"Số 1, xóm Chùa",Trần Thị Bình,31/02/1972,Nữ,Vợ,',
  '3,Lê Văn Cường,"Số 2, xóm Chùa",Lê Văn Cường,05/06/1980,Nam,Chủ hộ,001080054321',
  '4,Lê Văn Cường,"Số 2, xóm Chùa",Lê Thị Dung,07/08/2010,Nữ,Con,',
].join('\r\n');

// jsdom's File has no arrayBuffer(): read it as browsers do, through FileReader.
Blob.prototype.arrayBuffer ??= function (this: Blob) {
  return new Promise<ArrayBuffer>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(this);
  });
};

async function upload(text: string, name = 'thon-dong.csv') {
  const input = (await screen.findByLabelText('Tệp danh sách (.xlsx hoặc .csv)')) as HTMLInputElement;
  const file = new File([text], name, {
    type: name.endsWith('.csv') ? 'text/csv' : 'application/vnd.ms-excel',
  });
  Object.defineProperty(input, 'files', { configurable: true, value: [file] });
  fireEvent.change(input);
}

describe('importing a household list', () => {
  it('[M40] [M41] [M45] checks the file with nothing written, lists the bad rows, then imports the rest', async () => {
    const fakes = fakeServices(sessionOf(OFFICER));
    fakes.manage.takenIds.add('001080054321');
    renderApp(freshDb(), '/quan-ly/nhap', fakes);
    await upload(CSV);
    // The header is row 3, under the title; the columns are guessed, the STT column left alone.
    expect(await screen.findByText(/Dòng tiêu đề: dòng 3\./)).toBeTruthy();
    expect((screen.getByLabelText('Ngày sinh') as HTMLSelectElement).selectedOptions[0]!.textContent).toBe(
      'Ngày sinh',
    );
    expect((screen.getByLabelText('Mã hộ') as HTMLSelectElement).value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Kiểm tra' }));
    await screen.findByText(/Kết quả kiểm tra \(chưa ghi gì\)/);
    expect(fakes.manage.applies).toHaveLength(0);
    expect(fakes.manage.checks.flatMap((c) => c.households)).toHaveLength(2);
    // Row 5: a date that does not exist (the file's rules); row 6: an ID number held elsewhere (the server's).
    const problems = [...document.querySelectorAll<HTMLElement>('[data-problem-row]')].map((tr) =>
      [...tr.children].map((td) => td.textContent),
    );
    expect(problems.map(([row, column]) => [row, column])).toEqual([
      ['5', 'Ngày sinh'],
      ['6', 'Số định danh'],
    ]);
    expect(problems[1]![2]).toBe('Số định danh đã có ở hộ khác (thôn Đoài)');
    expect(screen.getByRole('alert').textContent).toBe('2 dòng có lỗi sẽ không được nhập');
    fireEvent.click(screen.getByRole('button', { name: 'Nhập 2 hộ' }));
    expect(await screen.findByText('Đã nhập xong')).toBeTruthy();
    expect(fakes.manage.applies).toHaveLength(1);
    const sent = fakes.manage.applies[0]!;
    expect(sent.villageId).toBe('thon-dong');
    expect(sent.households.map((h) => h.members.map((x) => x.row))).toEqual([[4], [6, 7]]);
    expect(sent.importId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('[M44] the same file again: nothing new, and the import button says so', async () => {
    const fakes = fakeServices(sessionOf(OFFICER));
    renderApp(freshDb(), '/quan-ly/nhap', fakes);
    for (let round = 0; round < 2; round++) {
      await upload(CSV.replace('31/02/1972', '28/02/1972'));
      fireEvent.click(await screen.findByRole('button', { name: 'Kiểm tra' }));
      await screen.findByText(/Kết quả kiểm tra/);
      if (round === 0) {
        fireEvent.click(screen.getByRole('button', { name: 'Nhập 2 hộ' }));
        fireEvent.click(await screen.findByRole('button', { name: 'Nhập tệp khác' }));
      }
    }
    const summary = document.querySelector<HTMLElement>('.import-summary')!;
    expect(within(summary).getAllByRole('row')[1]!.textContent).toBe('Hộ002');
    expect(
      (screen.getByRole('button', { name: 'Không có gì mới để nhập.' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it('[M40] an old .xls file and a list without a header row are said plainly', async () => {
    renderApp(freshDb(), '/quan-ly/nhap', fakeServices(sessionOf(OFFICER)));
    await upload('x', 'danh-sach.xls');
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /^Tệp \.xls \(Excel 97–2003\) chưa đọc được/,
    );
    await upload('a,b,c\r\n1,2,3');
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Không tìm thấy dòng tiêu đề (Họ và tên, Ngày sinh…) trong 15 dòng đầu của tệp.',
      ),
    );
  });
});
